export type Role = "admin" | "user";

export interface User {
  readonly id: number;
  readonly role: Role;
}

export const ADMIN_USER_ID = 10000001;
export const PLAIN_USER_ID = 10000002;

/** The two users a new emulated account has, found by their bearer token. */
export class Users {
  private readonly byToken: Map<string, User>;

  constructor(adminToken: string, userToken: string) {
    if (adminToken === userToken) throw new Error("The admin token and the user token must differ");
    this.byToken = new Map([
      [adminToken, { id: ADMIN_USER_ID, role: "admin" }],
      [userToken, { id: PLAIN_USER_ID, role: "user" }],
    ]);
  }

  find(token: string): User | null {
    return this.byToken.get(token) ?? null;
  }
}
