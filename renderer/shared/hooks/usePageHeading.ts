import { useEffect, useRef } from 'react';

/**
 * The heading of a record's page, focused when the page opens or its record loads: a page opened
 * from a link is a new place, as a page change would be. Shown because the analyst moved along the
 * case's tabs with the arrow keys, it leaves focus on the tab.
 */
export function usePageHeading(id: string, loaded: boolean) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement?.getAttribute('role') !== 'tab') heading.current?.focus();
  }, [id, loaded]);
  return heading;
}
