import { defineConfig } from 'drizzle-kit';

// Every table lives in the `tables.ts` of the module that owns it (kernel tables included).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/kernel/tables.ts', './src/modules/*/tables.ts'],
  out: './migrations',
});
