// What kind of organisation this is: the IATI organisation type (for publication) and the local sub-type
// people recognise ("a student association of a local school", "a diaspora association").
export const iatiOrganisationTypes = ['10', '11', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90'] as const;
export type IatiOrganisationType = (typeof iatiOrganisationTypes)[number];

export const subtypes = [
  'student',
  'citizen',
  'diaspora',
  'socio_cultural',
  'ngo',
  'partner_abroad',
  'local_authority',
  'network',
  'alliance',
  'foundation',
  'school',
] as const;
export type Subtype = (typeof subtypes)[number];

/** The IATI type a sub-type publishes as, unless the organisation says otherwise. */
export const defaultIatiType: Record<Subtype, IatiOrganisationType> = {
  student: '22',
  citizen: '22',
  diaspora: '22',
  socio_cultural: '22',
  ngo: '21',
  partner_abroad: '24',
  local_authority: '11',
  network: '22',
  alliance: '22',
  foundation: '60',
  school: '80',
};
