// Notifications of the funding workflow. Each mail carries both languages (French first), since the recipients'
// preferred language is not known to this module.
import type { WorkflowAction } from './workflow.ts';

// Links in mail are absolute (BASE_URL): a mail is read outside the site. The base is set when the module's pages
// are registered (app.ts → registerFundingPages, from the validated config); commands and jobs build links with it.
let baseUrl = '';

export function setMailBaseUrl(url: string): void {
  baseUrl = url.replace(/\/+$/, '');
}

/** An absolute link to a page of the site (`path` starts with "/"). */
export const absoluteUrl = (path: string): string => `${baseUrl}${path}`;

const actionText: Record<WorkflowAction, { fr: string; en: string }> = {
  submit: { fr: 'a été déposée', en: 'was submitted' },
  request_completion: { fr: 'doit être complétée', en: 'must be completed' },
  resubmit: { fr: 'a été complétée et déposée à nouveau', en: 'was completed and submitted again' },
  declare_eligible: { fr: 'est recevable', en: 'is eligible' },
  declare_ineligible: { fr: 'n’est pas recevable', en: 'is not eligible' },
  start_review: { fr: 'est en cours d’instruction', en: 'is being reviewed' },
  recommend: { fr: 'est proposée au comité', en: 'is recommended to the committee' },
  not_recommend: { fr: 'n’est pas proposée au comité', en: 'is not recommended to the committee' },
  award: { fr: 'a reçu une subvention', en: 'was awarded a grant' },
  reject: { fr: 'n’a pas été retenue', en: 'was not selected' },
  withdraw: { fr: 'a été retirée', en: 'was withdrawn' },
  start: { fr: 'a sa convention signée : le projet démarre', en: 'has its agreement signed: the project starts' },
  close: { fr: 'est clôturée', en: 'is closed' },
};

export function transitionMail(action: WorkflowAction, title: string, url: string, note?: string | null): { subject: string; text: string } {
  const a = actionText[action];
  return {
    subject: `[Passerelle] « ${title} » ${a.fr} / "${title}" ${a.en}`,
    text: `La demande « ${title} » ${a.fr}.\n${note ? `\n${note}\n` : ''}\n${url}\n\n—\n\nThe application "${title}" ${a.en}.\n\n${url}\n`,
  };
}

export function simpleMail(fr: string, en: string, url: string): { subject: string; text: string } {
  return { subject: `[Passerelle] ${fr} / ${en}`, text: `${fr}\n\n${url}\n\n—\n\n${en}\n\n${url}\n` };
}
