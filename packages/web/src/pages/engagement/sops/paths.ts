// Addresses of the SOP pages.
export const SOPS_PATH = "/engagement/sop";
export const sopPath = (id: string) => `${SOPS_PATH}/${encodeURIComponent(id)}`;
export const SOP_TASKS_PATH = `${SOPS_PATH}/tasks`;
