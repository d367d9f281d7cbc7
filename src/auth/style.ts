/**
 * The `smart_style_url` document (SMART App Launch 2.2 "Styling"): JSON any app may fetch
 * without a token, so it can match the EHR's look.
 */
import type { Request, Response } from 'express';

export const SMART_STYLE = {
  color_background: '#f7f7f5',
  color_error: '#b3261e',
  color_highlight: '#1f5f8b',
  color_modal_backdrop: 'rgba(0, 0, 0, 0.4)',
  color_success: '#2e7d32',
  color_text: '#1d1d1b',
  dim_border_radius: '6px',
  dim_font_size: '16px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  font_family_heading: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
} as const;

export function smartStyle(_req: Request, res: Response): void {
  res.setHeader('Cache-Control', 'public, max-age=3600');
  res.json(SMART_STYLE);
}
