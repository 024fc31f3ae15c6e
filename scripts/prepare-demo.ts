// npm's postinstall: prepares the demo database that the first `npm start` copies into DATA_DIR (see src/demo.ts
// and docs/decisions/0006-demo-snapshot.md). Never fails the install: without a snapshot, start seeds as before.
import { preparedDemoSnapshot, writeDemoSnapshot } from '../src/demo.ts';

const started = Date.now();
try {
  if (process.env.PASSERELLE_SKIP_DEMO_SNAPSHOT) {
    console.log('passerelle: demo snapshot skipped (PASSERELLE_SKIP_DEMO_SNAPSHOT)');
  } else if (preparedDemoSnapshot()) {
    console.log('passerelle: demo database already prepared');
  } else {
    const { bytes } = await writeDemoSnapshot();
    await import('../src/app.ts'); // also warms tsx's compile cache for the first start
    console.log(`passerelle: demo database prepared for the first start (${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
} catch (err) {
  console.log(`passerelle: demo database not prepared (${err instanceof Error ? err.message : String(err)}); the first start will load the demo data itself`);
}
process.exit(0);
