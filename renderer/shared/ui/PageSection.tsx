import type { ReactNode } from 'react';

/** One titled section of a record's page (an alert, an entity): a heading that names the region for screen readers. */
export function PageSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className="section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}
