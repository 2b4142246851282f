/** How long a "done" toast stays (errors stay until dismissed). */
export const TOAST_MS = 4000;
