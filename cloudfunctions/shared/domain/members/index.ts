/** Member levels, experience, points and customers. The order code uses the first four exports. */
export { memberSnapshot, type MemberSnapshot } from './centre';
export { spendPoints, returnPoints, grantForOrder, revokeEarned, revokeForRefund, expirePoints, adjustAccount, txSettings } from './account';
export { memberCentre, pointsHistory, rulesText, discountText } from './centre';
export { ensureDefaultLevel, listLevels, listLevelsWithCounts, levelFor, nextLevelFor, saveLevel, deleteLevel } from './levels';
export {
  listCustomers,
  getCustomer,
  ledgerPage,
  setBlocked,
  listTags,
  saveTag,
  deleteTag,
  setCustomerTags,
  adjustPoints,
  adjustExperience,
} from './customers';
export { lapseInstant, hasLapsed, yearOf, readAccount, takeOldest, lapse } from './points';
