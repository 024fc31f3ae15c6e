// Password rules (ASVS 2.1): at least 12 characters, at most 1024, and not one of the passwords attackers try
// first. The list holds the most common passwords and their base words (French and English); a password is
// refused when it is one of them, or one of them followed or preceded by digits and symbols
// ("Password2024!", "123azerty"), or made of too few different characters ("aaaaaaaaaaaa", "121212121212").

/** The most common passwords of public breach corpora (top entries), lower-case. */
const commonPasswords = `123456 123456789 12345 qwerty password 12345678 111111 123123 1234567890 1234567 qwerty123
000000 1q2w3e 1q2w3e4r 1q2w3e4r5t aa12345678 abc123 password1 1234 qwertyuiop 123321 password123 654321 666666
987654321 123 7777777 1qaz2wsx 121212 123qwe 112233 zxcvbnm 123abc 11111111 iloveyou dragon monkey letmein
football baseball sunshine princess welcome shadow superman michael master jennifer jordan hunter trustno1
batman starwars charlie donald freedom whatever qazwsx ninja mustang access flower hello login admin
passw0rd 696969 solo 888888 lovely 7777 pokemon asdfghjkl asdfgh zaq12wsx qwe123 123qweasd 1q2w3e4r5t6y
azerty azertyuiop azerty123 motdepasse soleil doudou chouchou marseille loulou nicolas camille julien
chocolat bonjour jetaime coucou boubou viking 0000 00000000 1111 11111 111111111 1111111111 222222 333333
444444 555555 999999 12341234 123456123456 147258369 159753 159357 741852963 963852741 789456123 147852369
adgjmptw asdasd asdf asdf1234 zxcvbn zxcvbnm123 qwertz qwertzuiop ytrewq poiuytreza a1b2c3 a1b2c3d4 abcd1234
abcdef abcdefg abcdefgh abcdefghijkl abcabc 1a2b3c aaaaaa aaaaaaaa abcde12345 password12 password1234
passwordpassword p@ssword p@ssw0rd pa55word pass1234 passpass secret secret123 changeme changeme123 default
administrator root toor guest test test123 testtest temp temp123 user user123 demo demo123 sample qwerty1
qwerty12 qwerty1234 qwerty12345 q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 1qazxsw2 2wsx3edc zaq1xsw2 !qaz2wsx
iloveyou1 iloveyou2 loveyou lovelove love123 mylove sweetheart angel angels babygirl baby baby123 beautiful
butterfly cookie cheese chicken summer winter spring autumn january december monday friday sunday
computer internet google facebook linkedin twitter instagram youtube microsoft apple samsung nokia
killer hockey soccer basketball tennis golf yankees cowboys eagles lakers liverpool arsenal chelsea
barcelona realmadrid juventus manchester united psg olympique paris france london berlin madrid
america canada london123 paris123 matrix merlin mickey minnie tigger snoopy garfield scooby pepper
ginger maggie buster daniel thomas andrew joshua jessica ashley amanda michelle nicole hannah
elizabeth robert william richard joseph charles david james john matthew anthony christopher
justin taylor austin harley corvette ferrari porsche mercedes yamaha harley1 silver golden diamond
orange purple yellow banana apple123 cherry peanut pumpkin chocolate1 starwars1 pokemon1 naruto
dragonball onepiece zelda mario minecraft fortnite roblox gaming gamer player1 letmein1 welcome1
welcome123 hello123 hellohello helloworld trustme believe jesus jesuschrist christ blessed faith
heaven angel1 blink182 metallica nirvana slipknot eminem 50cent tupac beatles rockyou princess1
sunshine1 shadow1 master1 superman1 batman1 spiderman ironman hulk thor avengers loki starfish
whatever1 nothing nopassword password! password1! qwerty! 12345678910 123456789a 123456789q a123456
a123456789 a12345678 aa123456 abc12345 abc123456 1234abcd 1234qwer qwer1234 asdf123 zxc123 zxcasdqwe
qweasdzxc 1qaz2wsx3edc qazwsxedc qweasd 123654 123654789 1236987 12344321 1122334455 11223344
11112222 12121212 13131313 69696969 123698745 5201314 520520 1314520 woaini 1qaz1qaz qaz123 wsx123
sandiego californie bretagne toulouse lyon nantes bordeaux lille strasbourg montpellier cachan
solidarite association asso2024 benevole afrique mali senegal niger burkina`;

const list = commonPasswords.split(/\s+/).filter(Boolean);

/** Base words (a common password with its digits and symbols taken off both ends). */
const bases = new Set(list.map((p) => core(p)).filter((b) => b.length >= 3));
const exact = new Set(list);

function core(password: string): string {
  return password
    .toLowerCase()
    .replace(/^[\d\W_]+/, '')
    .replace(/[\d\W_]+$/, '')
    .replace(/@/g, 'a')
    .replace(/0/g, 'o')
    .replace(/\$/g, 's');
}

/** How many passwords the list holds (for the README and tests). */
export const commonPasswordCount = list.length;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  if ([...password].length < 12) return 'too_short';
  if (password.length > 1024) return 'too_long';
  const lower = password.toLowerCase();
  if (exact.has(lower)) return 'common';
  const c = core(password);
  if (c.length === 0 || bases.has(c)) return 'common';
  // Only digits and symbols ("123456789012"), or a repeated short pattern ("abcabcabcabc", "aaaaaaaaaaaa").
  if (/^[\d\W_]+$/.test(password)) return 'common';
  if (new Set(lower).size <= 3) return 'common';
  if (/^(.{1,4})\1+$/.test(lower)) return 'common';
  if (email) {
    const local = email.toLowerCase().split('@')[0] ?? '';
    if (local.length >= 4 && lower.includes(local)) return 'contains_email';
  }
  return null;
}
