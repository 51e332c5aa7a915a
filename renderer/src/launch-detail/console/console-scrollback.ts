/** Lines the console keeps, in its store and as terminal scrollback; the rest is in Download. */
export const CONSOLE_SCROLLBACK = 100_000;
