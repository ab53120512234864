/**
 * China's 34 provincial divisions by their short names (北京, 广东, 新疆 …), for the freight templates' region rules,
 * excluded provinces and free-shipping rules. The server matches them against the address's province as stored.
 */
export const PROVINCES = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北',
  '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '香港', '澳门', '台湾',
] as const;

export const PROVINCE_OPTIONS = PROVINCES.map((p) => ({ value: p, label: p }));
