import { maskPhone } from './common';

test.each([
  ['13800005678', '138****5678'],
  ['+8613800005678', '+86****5678'],
  ['1234567', '123****4567'],
  ['123456', '123456'],
  ['', ''],
])('maskPhone(%j) = %j', (phone, shown) => expect(maskPhone(phone)).toBe(shown));
