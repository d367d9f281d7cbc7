// The blood pressure chart: inline SVG built with DOM calls (no library, no inline style),
// systolic and diastolic lines over time, with a text summary for screen readers.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 260;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

function el(name, attrs, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Renders `points` ({ date, systolic, diastolic }, oldest first) into `container`. */
export function drawBloodPressure(container, points) {
  container.replaceChildren();
  if (points.length === 0) {
    container.append(Object.assign(document.createElement('p'), { textContent: 'No blood pressure readings.' }));
    return;
  }
  const times = points.map((p) => Date.parse(p.date));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const lo = Math.floor(Math.min(...points.map((p) => p.diastolic)) / 10) * 10 - 10;
  const hi = Math.ceil(Math.max(...points.map((p) => p.systolic)) / 10) * 10 + 10;
  const x = (t) => PAD.left + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);

  const last = points.at(-1);
  const summary = `${points.length} readings from ${points[0].date.slice(0, 10)} to ${last.date.slice(0, 10)}; latest ${last.systolic}/${last.diastolic} mmHg.`;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': 'bp-title bp-desc' });
  svg.append(el('title', { id: 'bp-title' }, 'Blood pressure over time'), el('desc', { id: 'bp-desc' }, summary));

  for (let v = lo; v <= hi; v += 20) {
    svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(el('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  svg.append(el('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom, class: 'axis' }));
  svg.append(el('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom, class: 'axis' }));
  svg.append(el('text', { x: PAD.left, y: H - 10, 'text-anchor': 'start' }, points[0].date.slice(0, 10)));
  svg.append(el('text', { x: W - PAD.right, y: H - 10, 'text-anchor': 'end' }, last.date.slice(0, 10)));

  for (const [key, cls] of [['systolic', 's'], ['diastolic', 'd']]) {
    const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
    svg.append(el('path', { d: path, class: key }));
    points.forEach((p, i) => svg.append(el('circle', { cx: x(times[i]).toFixed(1), cy: y(p[key]).toFixed(1), r: 3, class: `dot-${cls}` })));
  }

  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.append(Object.assign(document.createElement('span'), { className: 's', textContent: 'Systolic' }), Object.assign(document.createElement('span'), { className: 'd', textContent: 'Diastolic' }));
  const text = Object.assign(document.createElement('p'), { className: 'hint', textContent: summary });
  container.append(svg, legend, text);
}
