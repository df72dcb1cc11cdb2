// "Shared with me" since the last visit: the instant of the user's last look at that view, kept in this browser
// (localStorage, per user name). A new browser shows every current share as new once.
const key = (username: string) => `depot.sharedSeen.${username}`;

export const sharedSeenAt = (username: string): number => Number(localStorage.getItem(key(username)) ?? 0);

export function markSharedSeen(username: string) {
  localStorage.setItem(key(username), String(Date.now()));
  dispatchEvent(new Event("depot:shared-seen"));
}
