/**
 * What a page's data tree (Taro's `root` in the page data) would render on weapp. Taro 4 renders every page
 * through base.wxml: each node picks a template by name with utils.wxs (`tmpl_<depth>_<node kind>`, deep nodes
 * go through the recursive `comp` component). A node whose template the build did not emit renders nothing on a
 * phone, so such nodes are reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

export interface TreeSummary {
  /** element and text nodes in the tree */
  nodes: number;
  /** the first characters of the page's text */
  text: string;
  /** nodes whose template base.wxml lacks, as `tmpl_…` names */
  missingTemplates: string[];
}

interface Wxs {
  a(l: number, n: string, s: string): string;
  f(l: string, n: string): string;
}
interface Templates {
  names: Set<string>;
  xs: Wxs;
}

const cache = new Map<string, Templates>();
function templates(dist: string): Templates {
  let t = cache.get(dist);
  if (!t) {
    const wxml = readFileSync(join(dist, 'base.wxml'), 'utf8');
    const names = new Set([...wxml.matchAll(/<template name="([^"]+)"/g)].map((m) => m[1]));
    const mod = { exports: {} as Wxs };
    vm.runInNewContext(readFileSync(join(dist, 'utils.wxs'), 'utf8'), { module: mod });
    t = { names, xs: mod.exports };
    cache.set(dist, t);
  }
  return t;
}

interface Node {
  nn?: string | number;
  v?: unknown;
  cn?: Node[];
}

export function checkTree(dist: string, root: Node | undefined): TreeSummary {
  const { names, xs } = templates(dist);
  const missing = new Set<string>();
  const text: string[] = [];
  let nodes = 0;
  const visit = (node: Node, c: number, l: string) => {
    nodes++;
    const nn = String(node.nn);
    if (typeof node.v === 'string' && node.v.trim()) text.push(node.v.trim());
    let name = xs.a(c, nn, l);
    let next = c + 1;
    if (name === 'tmpl_15_container') {
      // text stays a template; anything else goes through <comp>, which starts again at level 0
      name = `tmpl_0_${nn}`;
      next = 1;
      l = '';
    }
    if (!names.has(name)) missing.add(`${name} (node kind ${nn})`);
    for (const child of node.cn ?? []) visit(child, next, xs.f(l, nn));
  };
  for (const child of root?.cn ?? []) visit(child, 0, '');
  return { nodes, text: text.join(' ').slice(0, 160), missingTemplates: [...missing] };
}
