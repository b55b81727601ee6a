// Addresses of the store code pages (门店活码): the tabs of the overview and the store form.
export const STORE_CODES_PATH = "/acquisition/store-codes";
export type StoreTab = "stores" | "codes" | "report";
export const storeTabPath = (tab: StoreTab) => `${STORE_CODES_PATH}?tab=${tab}`;
export const NEW_STORE_PATH = `${STORE_CODES_PATH}/stores/new`;
export const editStorePath = (id: string) => `${STORE_CODES_PATH}/stores/${encodeURIComponent(id)}/edit`;
