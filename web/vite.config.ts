/// <reference types="vitest/config" />
import { cpSync, mkdirSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// The API docs page (/docs) ships with the app: Swagger UI's bundle comes from the npm registry at
// install and is copied into dist/api-docs, so nothing is loaded from a CDN at run time.
function apiDocs(): Plugin {
  return {
    name: "mygemini-api-docs",
    apply: "build",
    closeBundle() {
      const out = "dist/api-docs";
      mkdirSync(out, { recursive: true });
      for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
        cpSync(`node_modules/swagger-ui-dist/${file}`, `${out}/${file}`);
      }
      cpSync("api-docs", out, { recursive: true });
    },
  };
}

const backend = process.env.MYGEMINI_BACKEND ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), apiDocs()],
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/media": { target: backend, changeOrigin: false },
      "/socket.io": { target: backend, ws: true },
    },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  test: { environment: "happy-dom", include: ["src/**/*.test.{ts,tsx}"] },
});
