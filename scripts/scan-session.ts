// Prints a signed-in session cookie for the security scan (scripts/security-scan.sh): signs a demo account in over
// HTTP, enrolling or passing the second factor as a person would. Usage: tsx scripts/scan-session.ts BASE WHO
// where WHO is a key of the demo accounts (src/modules/funding/seed.ts), e.g. cityStaff or soroma.
import { DEMO_PASSWORD, demoAccounts } from '../src/modules/funding/seed.ts';
import { signInHttp } from '../tests/reliability/server.ts';

const [base, who] = process.argv.slice(2);
const email = (demoAccounts as Record<string, string>)[who ?? ''];
if (!base || !email) {
  console.error(`usage: scan-session BASE WHO (one of ${Object.keys(demoAccounts).join(', ')})`);
  process.exit(2);
}
const client = await signInHttp(base, email, DEMO_PASSWORD);
console.log(client.cookie);
