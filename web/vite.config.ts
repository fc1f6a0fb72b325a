/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const backend = process.env.MYGEMINI_BACKEND ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
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
