// Addresses of the acquisition pages, shared by the pages that link to each other.
export const LIVE_CODES_PATH = "/acquisition/live-codes";
export const liveCodePath = (id: string) => `${LIVE_CODES_PATH}/${encodeURIComponent(id)}`;
export const GROUP_CODES_PATH = "/acquisition/group-codes";
export const groupCodePath = (id: string) => `${GROUP_CODES_PATH}/${encodeURIComponent(id)}`;
