// The bulk tag job the operator started last in this browser, per corp, so its progress is still there
// after leaving the page and coming back.
const key = (corpId: string) => `siyu.tagJob.${corpId}`;

export function rememberedTagJob(corpId: string): string | undefined {
  try {
    return localStorage.getItem(key(corpId)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberTagJob(corpId: string, jobId: string | undefined): void {
  try {
    if (jobId) localStorage.setItem(key(corpId), jobId);
    else localStorage.removeItem(key(corpId));
  } catch {
    // Without storage the progress lasts for this page only.
  }
}
