// Addresses of the moments pages.
export const MOMENTS_PATH = "/engagement/moments";
export const momentPath = (id: string) => `${MOMENTS_PATH}/${encodeURIComponent(id)}`;
