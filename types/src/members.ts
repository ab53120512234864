/** Member levels, experience, points and customers. Filled in by the members work. */
export interface MemberApi {}
export interface CustomerAdminApi {}
