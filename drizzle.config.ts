// drizzle-kit reads the schema and writes SQL migrations into migrations/ (`npm run db:generate`).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
