// Fails (exit 1) when src/api/schema.d.ts is not what openapi-typescript generates from openapi.json.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(root, "src/api/schema.d.ts");
if (!existsSync(join(root, "openapi.json"))) {
  console.error("check:api: web/openapi.json is missing (run `make api`).");
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), "mygemini-api-"));
try {
  const fresh = join(dir, "schema.d.ts");
  execFileSync(
    process.execPath,
    [join(root, "node_modules/openapi-typescript/bin/cli.js"), join(root, "openapi.json"), "-o", fresh],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const want = readFileSync(fresh, "utf8");
  const have = existsSync(committed) ? readFileSync(committed, "utf8") : "";
  if (want !== have) {
    console.error("check:api: src/api/schema.d.ts is stale. Run `npm run gen:api` (or `make api`) and commit it.");
    process.exit(1);
  }
  console.log("check:api: src/api/schema.d.ts is up to date.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
