// Labels on every container this tool starts: a light module, so the Ctrl-C path can find them
// without importing Testcontainers.
export const LABEL = 'session-bench';
export const PID_LABEL = 'session-bench.pid';
export const HOST_LABEL = 'session-bench.host';
