// Vite build for the Siyu console. In development `/api` is proxied to a locally running server
// (`npm run siyu start`), so the console always talks to its API same-origin.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: "http://localhost:3000", changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // antd alone is most of the weight; vendor chunks change rarely, so browsers keep them cached
    // across console releases.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie)[\\/]/ },
            { name: "antd", test: /node_modules[\\/](antd|@ant-design|@rc-component|@emotion|dayjs)[\\/]/ },
            { name: "i18n", test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
            { name: "echarts", test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
          ],
        },
      },
    },
  },
});
