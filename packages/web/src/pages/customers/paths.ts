// Addresses of the customer pages, shared by the pages that link to each other.
export const CUSTOMERS_PATH = "/customers/list";
export const CUSTOMER_PROFILE_PATH = "/customers/profile";
export const customerPath = (id: string) => `${CUSTOMER_PROFILE_PATH}/${encodeURIComponent(id)}`;
