// Demo networks: RESACOOP, the regional multi-actor network of Rhône-Alpes, and Loujna Tounkaranké.
// Joining and leaving dates are illustrative.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { createNetwork, setNetworkMember } from './commands.ts';

export async function seedNetworks(db: Db, actor: Actor, orgs: Map<string, string>): Promise<void> {
  const id = (key: string) => orgs.get(key) ?? null;
  const make = async (input: Parameters<typeof createNetwork>[2], members: [string, string, string?][]) => {
    const created = await createNetwork(db, actor, input);
    if (!created.ok) throw new Error('demo network');
    for (const [key, joinedOn, leftOn] of members) {
      const org = id(key);
      if (org) await setNetworkMember(db, actor, created.value.id, org, { joinedOn, leftOn: leftOn ?? null });
    }
  };
  await make(
    {
      slug: 'resacoop',
      nameFr: 'RESACOOP',
      nameEn: 'RESACOOP',
      summaryFr: 'Réseau régional multi-acteurs de la coopération internationale en Rhône-Alpes : collectivités, associations, établissements et entreprises.',
      summaryEn: 'The regional multi-actor network for international cooperation in Rhône-Alpes: local authorities, associations, institutions and companies.',
      organisationId: id('resacoop'),
      region: 'Auvergne-Rhône-Alpes',
    },
    [
      ['region-rhone-alpes', '2010-01-01'],
      ['bioforce', '2011-03-15'],
      ['equisol', '2012-09-01'],
      ['tetraktys', '2013-02-01'],
      ['jeunes-solidaires-isere', '2018-10-01'],
      ['humanitaires-savoie', '2014-05-01', '2023-06-30'],
    ],
  );
  await make(
    {
      slug: 'loujna-tounkaranke',
      nameFr: 'Loujna Tounkaranké',
      nameEn: 'Loujna Tounkaranké',
      summaryFr: 'Réseau d’associations du Maghreb, d’Afrique de l’Ouest et d’Europe pour les droits des personnes migrantes.',
      summaryEn: 'A network of associations of the Maghreb, West Africa and Europe for the rights of migrants.',
      organisationId: id('loujna'),
    },
    [
      ['cimade', '2012-01-01'],
      ['aracem', '2012-01-01'],
      ['amdh', '2012-01-01'],
      ['alarme-phone-sahara', '2015-01-01'],
      ['amdh-mauritanie', '2012-01-01'],
      ['boza-fii', '2016-01-01'],
      ['laddh', '2012-01-01'],
    ],
  );
}
