// Addresses of the message-line pages.
export const LINES_PATH = "/engagement/lines";
export const linePath = (id: string) => `${LINES_PATH}/${encodeURIComponent(id)}`;
