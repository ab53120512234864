/** Campaigns, cart, orders. */
export interface CampaignAdminApi {}
export interface CartApi {}
export interface OrderApi {}
export interface OrderAdminApi {}
