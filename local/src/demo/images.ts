/** Demo product pictures, drawn as SVG at seed time (no downloads): a soft gradient, a simple shape and a label. */
const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function productSvg(label: string, sub: string, variant: number): string {
  const h = (hash(label) + variant * 47) % 360;
  const shapes = [
    `<circle cx="400" cy="330" r="170" fill="hsl(${h},55%,88%)"/>`,
    `<rect x="230" y="170" width="340" height="320" rx="48" fill="hsl(${h},55%,88%)"/>`,
    `<path d="M400 140 L590 470 L210 470 Z" fill="hsl(${h},55%,88%)"/>`,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${h},70%,62%)"/><stop offset="1" stop-color="hsl(${(h + 40) % 360},70%,45%)"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#g)"/>
${shapes[variant % shapes.length]}
<text x="400" y="360" font-size="96" text-anchor="middle" fill="hsl(${h},60%,30%)" font-family="sans-serif" font-weight="bold">${esc(label.slice(0, 4))}</text>
<text x="400" y="640" font-size="44" text-anchor="middle" fill="#fff" font-family="sans-serif">${esc(sub)}</text>
</svg>
`;
}

export function bannerSvg(title: string, sub: string, hue: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="750" height="340" viewBox="0 0 750 340">
<defs><linearGradient id="b" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="hsl(${hue},75%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 50) % 360},75%,45%)"/></linearGradient></defs>
<rect width="750" height="340" fill="url(#b)"/>
<circle cx="640" cy="80" r="120" fill="rgba(255,255,255,0.15)"/><circle cx="560" cy="300" r="90" fill="rgba(255,255,255,0.1)"/>
<text x="50" y="150" font-size="56" fill="#fff" font-family="sans-serif" font-weight="bold">${esc(title)}</text>
<text x="50" y="220" font-size="30" fill="#fff" font-family="sans-serif">${esc(sub)}</text>
</svg>
`;
}
