/** The list-page kit: one copy of the search card, the title bar, the table with its paging and the confirmations. */
export { useListPage, type ListPageOptions } from './useListPage';
export { ListHint, ListToolbar, LoadError, OrderIdSearch, PageHeader, RefreshButton, StatusFilter } from './PageHeader';
export { choices, DayRangePicker, FilterCol, FilterInput, FilterSelect, NumRange, SearchCard, type SearchCardProps } from './SearchCard';
export { ListTable, type ListTableProps } from './ListTable';
export { ConfirmButton, EditDeleteButtons, useConfirmAction, useRunAction, type ConfirmButtonProps } from './confirm';
export { FormModal, type FormModalProps } from './FormModal';
export { actionsColumn, DateTimeCell, LinkButton, OpenidCell } from './columns';
