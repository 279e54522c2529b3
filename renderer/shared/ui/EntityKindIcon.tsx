import type { EntityType } from '../../../shared/domain/records';

/**
 * Entity kinds drawn as icons: the incident graph's nodes and legend, and the
 * small inline icons beside an entity named in a list (an event's links).
 */

/** Each kind's colour: distinct hues on the dark canvas, none of them a severity's red or pink. */
export const KIND_COLOUR: Record<EntityType, string> = {
  device: '#5b9cf0',
  user: '#b28cf5',
  ip: '#3fb8ac',
  domain: '#4fc3d9',
  url: '#4fc3d9',
  file: '#d9b860',
  hash: '#c9a55a',
  process: '#e59a5c',
  mailbox: '#e58fb8',
  mailMessage: '#e58fb8',
  emailAddress: '#e58fb8',
  registryKey: '#a3917f',
  registryValue: '#a3917f',
  cloudApplication: '#8fb8e8',
  cloudResource: '#8fb8e8',
  oauthApplication: '#8fb8e8',
  securityGroup: '#b28cf5',
  filePath: '#d9b860',
  other: '#9aa3ad',
};

type IconName = 'device' | 'user' | 'network' | 'globe' | 'file' | 'hash' | 'process' | 'mail' | 'registry' | 'cloud' | 'group' | 'other';

const ICON_OF: Record<EntityType, IconName> = {
  device: 'device',
  user: 'user',
  ip: 'network',
  domain: 'globe',
  url: 'globe',
  file: 'file',
  filePath: 'file',
  hash: 'hash',
  process: 'process',
  mailbox: 'mail',
  mailMessage: 'mail',
  emailAddress: 'mail',
  registryKey: 'registry',
  registryValue: 'registry',
  cloudApplication: 'cloud',
  cloudResource: 'cloud',
  oauthApplication: 'cloud',
  securityGroup: 'group',
  other: 'other',
};

/** 16×16 line icons, drawn around (0, 0). */
const PATHS: Record<IconName, string> = {
  device: 'M-7,-6 h14 v9 h-14 z M-3,6 h6 M0,3 v3',
  user: 'M0,-7 a3.2,3.2 0 1 1 0,6.4 a3.2,3.2 0 1 1 0,-6.4 M-6,7 c0,-5 12,-5 12,0',
  network: 'M-6,-6 h4 v4 h-4 z M2,-6 h4 v4 h-4 z M-2,2 h4 v4 h-4 z M-4,-2 v2 h8 v-2 M0,0 v2',
  globe: 'M0,-7 a7,7 0 1 0 0.01,0 M-7,0 h14 M0,-7 c-4,4 -4,10 0,14 M0,-7 c4,4 4,10 0,14',
  file: 'M-5,-7 h7 l3,3 v11 h-10 z M2,-7 v3 h3 M-2.5,0 h5 M-2.5,3 h5',
  hash: 'M-2,-7 l-2,14 M3,-7 l-2,14 M-6,-2.5 h12 M-7,2.5 h12',
  process: 'M-7,-6 h14 v12 h-14 z M-7,-3 h14 M-4,0 l2,2 l-2,2',
  mail: 'M-7,-5 h14 v10 h-14 z M-7,-5 l7,6 l7,-6',
  registry: 'M-6,-6 h5 v5 h-5 z M1,-6 h5 v5 h-5 z M-6,1 h5 v5 h-5 z M1,1 h5 v5 h-5 z',
  cloud: 'M-5,4 a3.5,3.5 0 0 1 0,-7 a4.5,4.5 0 0 1 8.5,-1 a3.8,3.8 0 0 1 1.5,8 z',
  group: 'M-3,-6 a2.5,2.5 0 1 1 0,5 a2.5,2.5 0 1 1 0,-5 M4,-5 a2,2 0 1 1 0,4 a2,2 0 1 1 0,-4 M-8,6 c0,-5 10,-5 10,0 M3,6 c0,-3 5,-4 6,-1',
  other: 'M0,-6 a6,6 0 1 0 0.01,0 M0,-2 v4',
};

export const ALERT_PATH = 'M0,-7 l7.5,13 h-15 z M0,-2 v4 M0,4 v0.5';

/** The icon of an entity kind, centred on (0, 0), stroked in `colour`. */
export function KindIcon({ type, colour }: { type: EntityType; colour: string }) {
  return <path d={PATHS[ICON_OF[type]]} fill="none" stroke={colour} strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" />;
}

/** A kind's icon inline with text (1em square), with the kind named for screen readers when `title` is given. */
export function EntityKindIcon({ type, title }: { type: EntityType; title?: string }) {
  return (
    <svg
      className="entity-kind-icon"
      viewBox="-8 -8 16 16"
      width="1em"
      height="1em"
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      <KindIcon type={type} colour={KIND_COLOUR[type]} />
    </svg>
  );
}
