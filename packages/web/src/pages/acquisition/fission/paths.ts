// Addresses of the fission pages.
export const FISSION_PATH = "/acquisition/fission";
export const fissionPath = (id: string) => `${FISSION_PATH}/${encodeURIComponent(id)}`;
