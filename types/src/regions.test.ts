import { citiesOf, districtsOf, findRegion, fromWxAddress, placeKey, provinces, regionAt, regionMismatch } from './regions';

// the freight templates' short province names (admin/src/provinces.ts), written out here so a change to either fails
const TEMPLATE_PROVINCES = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北',
  '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '香港', '澳门', '台湾',
];

describe('placeKey: the one normalisation between addresses and freight templates', () => {
  test.each([
    ['内蒙古自治区', '内蒙古'],
    ['广西壮族自治区', '广西'],
    ['宁夏回族自治区', '宁夏'],
    ['新疆维吾尔自治区', '新疆'],
    ['西藏自治区', '西藏'],
    ['香港特别行政区', '香港'],
    ['上海市', '上海'],
    ['浙江省', '浙江'],
    [' 内蒙古 ', '内蒙古'],
  ])('%s → %s', (name, key) => expect(placeKey(name)).toBe(key));

  test("every province of the picker's table is a template province, and every template province is in the table", () => {
    expect(provinces().map((p) => placeKey(p.name)).sort()).toEqual([...TEMPLATE_PROVINCES].sort());
  });

  test('the admin list is that list', async () => {
    const { PROVINCES } = await import('../../admin/src/provinces');
    expect([...PROVINCES]).toEqual(TEMPLATE_PROVINCES);
  });
});

describe('the table', () => {
  test('34 provinces; every province has a city and unique 6-digit codes', () => {
    const all = provinces();
    expect(all).toHaveLength(34);
    const codes: string[] = [];
    all.forEach((p, i) => {
      codes.push(p.code);
      const cities = citiesOf(i);
      expect(cities.length).toBeGreaterThan(0);
      cities.forEach((c, j) => {
        codes.push(c.code);
        for (const d of districtsOf(i, j)) codes.push(d.code);
      });
    });
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('municipalities have one city of their own name; 市辖区 placeholders are gone', () => {
    const bj = findRegion({ province: '北京市', city: '北京市', district: '朝阳区' })!;
    expect(regionAt(bj)).toEqual({ province: '北京市', city: '北京市', district: '朝阳区', provinceCode: '110000', cityCode: '110100', districtCode: '110105' });
    const jyg = findRegion({ province: '甘肃省', city: '嘉峪关市' })!;
    expect(districtsOf(jyg[0], jyg[1])).toEqual([]);
  });
});

describe('findRegion / regionAt', () => {
  test('short and full names find the same place', () => {
    expect(findRegion({ province: '内蒙古', city: '呼和浩特', district: '新城区' })).toEqual(findRegion({ province: '内蒙古自治区', city: '呼和浩特市', district: '新城区' }));
  });
  test('an unknown district leaves the district to pick (-1); an unknown city is null', () => {
    const at = findRegion({ province: '浙江省', city: '杭州市', district: '不存在区' })!;
    expect(at[2]).toBe(-1);
    expect(regionAt(at)).toMatchObject({ city: '杭州市', district: '', districtCode: '' });
    expect(findRegion({ province: '浙江省', city: '不存在市' })).toBeNull();
    expect(findRegion({ province: '火星', city: '杭州市' })).toBeNull();
  });
  test('a county-level city under 省直辖县级行政区划 is found by its name', () => {
    expect(regionAt(findRegion({ province: '湖北省', city: '仙桃市', district: '' })!)).toMatchObject({
      city: '省直辖县级行政区划',
      district: '仙桃市',
      districtCode: '429004',
    });
  });
  test('regionAt clamps indexes a moved column left out of range', () => {
    expect(regionAt([0, 99, 99])).toMatchObject({ province: '北京市', city: '北京市', district: '延庆区' });
  });
});

describe('regionMismatch', () => {
  const ok = { province: '浙江省', city: '杭州市', district: '西湖区', provinceCode: '330000', cityCode: '330100', districtCode: '330106' };
  test.each([
    ['the real combination', {}, null],
    ['a wrong province name', { province: '浙江' }, 'provinceCode'],
    ['an unknown province code', { provinceCode: '990000' }, 'provinceCode'],
    ['a city of another province', { city: '南京市', cityCode: '320100' }, 'cityCode'],
    ['a district of another city', { district: '鼓楼区', districtCode: '320106' }, 'districtCode'],
    ['a district name not matching its code', { district: '上城区' }, 'districtCode'],
    ['no district in a city with districts', { district: '', districtCode: '' }, 'districtCode'],
    ['a district name without a code', { districtCode: '' }, 'districtCode'],
    ['a city without districts', { province: '广东省', provinceCode: '440000', city: '东莞市', cityCode: '441900', district: '', districtCode: '' }, null],
  ])('%s', (_what, over, expected) => expect(regionMismatch({ ...ok, ...over })).toBe(expected));
});

describe('fromWxAddress (Taro.chooseAddress)', () => {
  const wx = { userName: ' 张三 ', telNumber: '+86 138-0000-0000', provinceName: '内蒙古', cityName: '呼和浩特市', countyName: '新城区', detailInfo: '新华大街 1 号', postalCode: '010000' };
  test('a known region becomes the table names with a picker position', () => {
    const m = fromWxAddress(wx);
    expect(m).toMatchObject({ name: '张三', phone: '13800000000', detail: '新华大街 1 号', postalCode: '010000', province: '内蒙古自治区', city: '呼和浩特市', district: '新城区' });
    expect(regionAt(m.region!)).toMatchObject({ provinceCode: '150000', cityCode: '150100', districtCode: '150102' });
  });
  test('an unknown district is left to pick; an unknown region keeps WeChat names without a position', () => {
    expect(fromWxAddress({ ...wx, countyName: '新区' })).toMatchObject({ district: '', region: [expect.any(Number), expect.any(Number), -1] });
    const far = fromWxAddress({ ...wx, provinceName: 'Nowhere', cityName: 'X', postalCode: 'abc' });
    expect(far).toMatchObject({ province: 'Nowhere', city: 'X', district: '新城区', postalCode: '' });
    expect(far.region).toBeUndefined();
  });
  test('Beijing as WeChat writes it', () => {
    expect(fromWxAddress({ ...wx, provinceName: '北京市', cityName: '北京市', countyName: '东城区' })).toMatchObject({ province: '北京市', city: '北京市', district: '东城区' });
  });
});
