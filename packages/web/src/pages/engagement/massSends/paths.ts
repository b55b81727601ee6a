// Addresses of the mass send pages.
export const MASS_SENDS_PATH = "/engagement/mass-sends";
export const massSendPath = (id: string) => `${MASS_SENDS_PATH}/${encodeURIComponent(id)}`;
export const NEW_MASS_SEND_PATH = `${MASS_SENDS_PATH}/new`;
