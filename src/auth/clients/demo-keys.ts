/**
 * The key pairs of the built-in asymmetric demo clients. They are public on purpose, like
 * the demo clients' secrets: an app under test signs its client assertions with them
 * (SMART App Launch 2.2, client-confidential-asymmetric). Never use them anywhere else.
 */
export interface PrivateJwk {
  kty: string;
  kid: string;
  alg: string;
  [member: string]: string;
}

/** ES384 key of `demo-asymmetric-app`. */
export const DEMO_ASYMMETRIC_ES384: PrivateJwk = {
  kty: 'EC',
  x: 'OZ-u0gjF8EfH6AflThPMpxp2QjPOf45sjUwyMe3awYwEnVvw2XmjL4eIsVV6FMi8',
  y: 'fKheaTAFN9dVPjFSvlZYUyHpOJxfvRf1PrgavDlek3deUzdJsRYebb9Vo8nUJx38',
  crv: 'P-384',
  d: 'C3oA3-Aini91Uye360ACtovIYrg9y_69jgjqX1rvjZw6HKDntLwGYn9UeoVJwMOQ',
  kid: 'demo-asymmetric-es384',
  alg: 'ES384'
};

/** RS384 key of `demo-asymmetric-app`. */
export const DEMO_ASYMMETRIC_RS384: PrivateJwk = {
  kty: 'RSA',
  n: 'vfbixerlmW38viMMiUz-xIkKwutoRAw2YRu_KpWGQ0xCEkq9x-wY_wLwTFu64uwS7Bhaxo06hnyO6bb2PtqxQoFtp-qOYhLUN-Hqpi2k8hFphr45DcunlWG__HWTd1toT8rVNntqUE5NkiGQrqr-XDKGdp_8PnxPLzAoSDkWMznQNMQJwV-kokD4j8CzNeVeVbl5LNA9v-7nI_57Sg3CbmOgeceQiIL4PA1DMv7Vrdsv17qj8yXeZiN8uaN7m6JrVpgzhgsGbRVswStCcQz9v-PLTpQmWDNeu4TtwZCTgvurlR-wJo_6Wt7ROhcNkyLU_hBWlijVhuHenh_-tLtX2w',
  e: 'AQAB',
  d: 'IOf562_fut63F9apbsVEIpZco1w08QiuiM7OJBnHqrO0hEenLVEEGXSQXKHNM07Sjkw_uUIwn6hG90xGxqeKaitSa_JxHKMHWPDM_WFNv9LtVTZxWqbrDjDjGV_inhva62uG2IuzZFrUDBq9XcxoCF-GNFlNUCOncdSlPbGJ23B8rtV4ambJzjPNrrJGqxa2fd4b20X5e3_SXXL19NTfIa-x93ASmZ2MjOSDSmKlDunxK6iCxPpMvpjnSdsXdB2zEJR-Ua2QKCAy1zvh8cctVPMTeweOv-lhxC7arOAWx8K0PeczQNJhQLvgDCE5YnjXDp5pgE6PkuLCyjmINcM7tQ',
  p: '_aFYDrrmPc63DGMqFafi3P3iVGf3SEbPWN4hSvWlYFsZiziHIAAR52ZdbwUqzzAcnLDZ_ScXzzK4IhMrn554N69a8ryuza9HHiI2db8QnnkV8U3EtL9cG0TbToGuhy6y03klAZIoHcAtqHctPWvVkdaoJPFNng1ZM5W0PsYAg10',
  q: 'v71Ckq124fYbCPh8vgTFxqkKgfiddGWfMT9lZL2nJvKbX2hrnGOAUTGq0Y3hv5TBvb8qYXeRxP2lMptR46a6FB83PAZN9mItRC6HFt7EgHesGHyzIDQBUMFeS_G9rr_thCchrcdX5-Y4f6Kxw7Z0vzP08u1dYOlom_J70XKDjJc',
  dp: '0zrtcI8ds_oWHx3zbce9vBlBxtQzcSFwDG4rQhelXMNiWb2BZBhK0PJC_HRMO_Ow0JrFYf2N6cUu70oR-cTsEExdrW2RE8JXs3QA8T1oJONpb-c53OLGXfuRvido6DLvQgpR1KYZ_PUR0Y03w0CsxOIGdYX2A5zQXpLeY61Zvg0',
  dq: 'pcMnVMtmZb9wa_b3UQerPC5UCT04UrKwR9E5BTj40zEWpgsOTWuwOYGo3fW9XvVp8XLdXtoSSa3HLdMdnqQ7Zr398IS6zfDelX1sCJeaZj4PqDPWYFbVdE1YCmv5wqPm4UM7WJNoKfHckmvDJyIMGGkAsSwIeIoRiBDAfrhzhg0',
  qi: 'IrMevMXQirMFcCfQmbf_80oIYoRWlPJWA3ECOjmuycyMqUMXbngO7CqremcdNQtj7ohFmwo72vWOAQeS4fYq3BjLQjSQpNOMudcNCdnrd2XQg3OiDzLNG-MU2C1Cwe2eDXvomY8SkhbI83NiVDwSqp29x7Akj1ux80Xfg3ceYcg',
  kid: 'demo-asymmetric-rs384',
  alg: 'RS384'
};

/** ES384 key of `demo-backend-service`. */
export const DEMO_BACKEND_ES384: PrivateJwk = {
  kty: 'EC',
  x: 'dTK3QMncPT1k66NhWD2W5SS46aKmJ-ZL0vG0CR5JM98rLKuSXO3QjaJKfEfHbE1i',
  y: 'zLYuPhqNrcc_rqdFTm2A0GnsZs866ol673BwTIShj3pQGQ-mWj5hfZrBc6IPaRRB',
  crv: 'P-384',
  d: 'wGUesThJrlXhDRZGxvN3kOH0BGiFRvBcBQi0vy9eb8MB1y1EX7R91HXkaJxqNkbd',
  kid: 'demo-backend-es384',
  alg: 'ES384'
};

/** The public half of a private JWK: what a client registers. */
export function publicJwk(jwk: PrivateJwk): Record<string, string> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}
