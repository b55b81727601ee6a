// A small client for the emulator's control API (`/_emulator/…`), for tests, benches and other projects that drive
// the emulator's simulated people. Paths may be given with or without the `/_emulator` prefix.
export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    method: string,
    path: string,
  ) {
    super(`control ${method} ${path}: ${status} ${body}`);
    this.name = "EmulatorControlError";
  }
}

export type EmulatorControl = <T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<T>;

export function emulatorControl(baseUrl: string): EmulatorControl {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const url = `${baseUrl}${path.startsWith("/_emulator") ? path : `/_emulator${path}`}`;
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new EmulatorControlError(res.status, text, method, path);
    return (text ? JSON.parse(text) : {}) as T;
  };
}
