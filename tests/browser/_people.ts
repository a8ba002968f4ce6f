/**
 * People in the console: test accounts created through the console's own accounts module, and
 * signing in through the login form as a person does.
 */
import type { Graph } from "@yibao/graph";
import type { Page } from "playwright-core";
import { createAccount } from "../../services/console/accounts/mod.ts";
import { unique } from "../harness/mod.ts";

/** A person's role in the console. */
export type Role = "operator" | "reviewer" | "host" | "admin";

/** A test account and the password it signs in with. */
export interface TestPerson {
  id: string;
  login: string;
  name: string;
  role: Role;
  password: string;
}

/** One account per role, and a second operator (for four-eyes review). */
export interface TestPeople {
  operator: TestPerson;
  operator2: TestPerson;
  reviewer: TestPerson;
  host: TestPerson;
  admin: TestPerson;
}

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `Tp-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Creates an account per role (operator, a second operator, reviewer, host, admin) with unique
 * logins and random passwords, through the console's `createAccount`.
 */
export async function createTestPeople(suite: { graph: Graph }): Promise<TestPeople> {
  const make = async (key: string, role: Role, name: string): Promise<TestPerson> => {
    const login = unique(key);
    const password = randomPassword();
    const created = await createAccount(suite.graph, { login, name, role, password });
    return { id: created.id, login: created.login, name, role, password };
  };
  const [operator, operator2, reviewer, host, admin] = await Promise.all([
    make("op", "operator", "测试运营甲"),
    make("op2", "operator", "测试运营乙"),
    make("rev", "reviewer", "测试审核"),
    make("host", "host", "测试主播"),
    make("adm", "admin", "测试管理员"),
  ]);
  return { operator: operator!, operator2: operator2!, reviewer: reviewer!, host: host!, admin: admin! };
}

/**
 * Signs in through `/login`: fills the fields labelled 账号 and 密码, presses 登录 and waits until
 * the page has left /login. On failure the error carries what the page shows in its alerts.
 */
export async function signIn(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(new URL("/login", baseUrl).href);
  await page.getByLabel(/账号/).fill(login);
  await page.getByLabel(/密码/).fill(password);
  try {
    await Promise.all([
      page.waitForURL((url) => url.pathname !== "/login", { timeout: 10_000 }),
      page.getByRole("button", { name: /登录/ }).click(),
    ]);
  } catch (err) {
    const alerts = await page.getByRole("alert").allInnerTexts().catch(() => []);
    throw new Error(
      `Signing in as "${login}" did not leave /login${alerts.length ? `: ${alerts.join(" / ")}` : ""}`,
      {
        cause: err,
      },
    );
  }
}
