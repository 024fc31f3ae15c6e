// A list of linked records (news, events…) as pages show them beside what they are linked to: the title as a link,
// then " — " and a date; an optional badge (e.g. "press release") before the link.
export interface LinkedItem {
  /** Already localised (href(ctx, …)). */
  href: string;
  title: string;
  meta?: string | undefined;
  badge?: string | undefined;
}

export function LinkList({ items }: { items: readonly LinkedItem[] }): JSX.Element {
  return (
    <ul class="stack">
      {items.map((item) => (
        <li>
          {item.badge ? [<span class="badge" safe>{item.badge}</span>, ' '] : ''}
          <a href={item.href} safe>
            {item.title}
          </a>
          {item.meta ? <span class="meta" safe>{' — ' + item.meta}</span> : ''}
        </li>
      ))}
    </ul>
  );
}
