/** Prints the comma-separated names of the variables a service reads (for `--allow-env`), at image build time. */
import { serviceEnvNames } from "@yibao/kit";
import { suite } from "../local/dev/suite.ts";

const name = Deno.args[0];
const spec = suite.find((s) => s.name === name);
if (!spec) {
  console.error(`unknown service "${name}"; one of ${suite.map((s) => s.name).join(", ")}`);
  Deno.exit(64);
}
console.log(serviceEnvNames(spec).join(","));
