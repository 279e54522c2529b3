import { useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { LANE_FIELDS, MAX_LANES, type AssetLane, type AssetLanes as Lanes, type LaneField } from '../../../shared/domain/scope';
import { formatCount } from '../../shared/format';
import { formatAxisUs, formatUs, niceTimesUs } from '../../shared/time';
import { SEVERITY_COLOURS } from './AlertMarkers';
import { LanePicker } from './LanePicker';
import { laneColumns, usePlotInset } from './plotInsets';

const FIELD_LABELS: Record<LaneField, { one: string; many: string }> = { host: { one: 'device', many: 'Devices' }, user: { one: 'user', many: 'Users' } };

interface Props {
  lanes: Lanes | undefined;
  field: LaneField;
  /** The lanes the analyst chose (the main timeline's hosts or users filter); empty: the default ones. */
  chosen: readonly string[];
  open: boolean;
  error: string | null;
  onOpen: (open: boolean) => void;
  onField: (field: LaneField) => void;
  onChoose: (values: string[]) => void;
  /** A mark clicked: the lane's events in that bin, the first of them opened. */
  onOpenBin: (lane: string, from: number, to: number) => void;
}

/**
 * Asset timelines: one lane per device or user on the chart's time axis, its
 * events as a heat strip (darker: more), its alerts as marks at their first
 * activity, so movement from host to host reads at a glance. Each lane is one
 * Tab stop; arrows move between its bins with events, Enter opens one.
 */
export function AssetLanes({ lanes, field, chosen, open, error, onOpen, onField, onChoose, onOpenBin }: Props) {
  const fieldId = useId();
  const bodyId = useId();
  const { body, scrollbar } = useScrollbarWidth();
  const inset = usePlotInset();
  return (
    <section className="asset-lanes" aria-label="Asset timelines">
      <div className="lanes-toolbar">
        <button type="button" className="disclosure" aria-expanded={open} aria-controls={bodyId} onClick={() => onOpen(!open)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> <h2 className="section-title">Asset timelines</h2>
        </button>
        {open && (
          <>
            <div className="field field-inline">
              <label className="field-label" htmlFor={fieldId}>
                Lanes of
              </label>
              <select id={fieldId} className="input select" value={field} onChange={(e) => onField(e.target.value as LaneField)}>
                {LANE_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {FIELD_LABELS[f].many}
                  </option>
                ))}
              </select>
            </div>
            <LanePicker candidates={lanes?.candidates ?? []} chosen={chosen} max={MAX_LANES} noun={FIELD_LABELS[field].one} onChoose={onChoose} />
            <span className="faint">
              {chosen.length ? 'The chosen lanes filter the timeline.' : `The ${FIELD_LABELS[field].many.toLowerCase()} with the most alerts, then events.`}
            </span>
          </>
        )}
      </div>
      {open && (
        <div id={bodyId} className="lanes-body" ref={body} style={{ '--lane-columns': laneColumns(inset, scrollbar) } as CSSProperties}>
          {error && <p className="field-error">The asset timelines could not be read: {error}</p>}
          {lanes && lanes.lanes.length === 0 && (
            <p className="faint">No {FIELD_LABELS[field].one} is named by the events in this span: widen the range or clear filters.</p>
          )}
          {lanes?.lanes.map((lane) => (
            <Lane key={lane.value} lane={lane} lanes={lanes} noun={FIELD_LABELS[field].one} onOpenBin={onOpenBin} />
          ))}
          {lanes && lanes.lanes.length > 0 && <LaneAxis from={lanes.from} to={lanes.to} />}
        </div>
      )}
    </section>
  );
}

function Lane({ lane, lanes, noun, onOpenBin }: { lane: AssetLane; lanes: Lanes; noun: string; onOpenBin: Props['onOpenBin'] }) {
  const bins = lane.counts.length;
  const peak = Math.max(1, ...lane.counts);
  const marks = lanes.alerts.filter((a) => a.lanes.includes(lane.value));
  const start = (b: number) => lanes.from + b * lanes.binWidth;
  const open = (b: number) => onOpenBin(lane.value, Math.floor(start(b)), Math.ceil(start(b + 1)));
  const binOf = (time: number) => Math.min(bins - 1, Math.floor((time - lanes.from) / lanes.binWidth));
  const { cursor, setCursor, onKeyDown } = useLaneCursor(lane.counts, open);
  const alertsAt = (b: number) => marks.filter((m) => binOf(m.time) === b);
  const said =
    cursor === null
      ? ''
      : `${formatUs(start(cursor))}: ${formatCount(lane.counts[cursor] ?? 0)} events${
          alertsAt(cursor).length
            ? `, alert ${alertsAt(cursor)
                .map((m) => m.title)
                .join(', ')}`
            : ''
        }. Enter opens the first.`;
  return (
    <div className="lane">
      <span className="lane-name cell-ellipsis" title={lane.value}>
        {lane.value}
      </span>
      <div
        className="lane-strip"
        tabIndex={0}
        role="group"
        aria-label={`${noun} ${lane.value}: ${formatCount(lane.events)} events, ${marks.length} alerts. Arrow keys move between times with events.`}
        onKeyDown={onKeyDown}
        onBlur={() => setCursor(null)}
      >
        <svg className="lane-svg" viewBox={`0 0 ${bins} 10`} preserveAspectRatio="none" aria-hidden="true">
          {lane.counts.map((n, b) =>
            n > 0 ? (
              <rect
                key={b}
                x={b}
                y={1}
                width={1}
                height={8}
                className="lane-cell"
                style={{ opacity: 0.25 + 0.75 * Math.sqrt(n / peak) }}
                onClick={() => open(b)}
              >
                <title>{`${formatUs(start(b))}: ${formatCount(n)} events`}</title>
              </rect>
            ) : null,
          )}
          {cursor !== null && <rect x={cursor} y={0} width={1} height={10} className="lane-cursor" />}
        </svg>
        {marks.map((m) => (
          // Mouse only (hidden from assistive technology): the keyboard reaches the same bins through the strip, which names their alerts.
          <span
            key={m.id}
            className="lane-alert"
            style={{ left: `${((m.time - lanes.from) / (lanes.to - lanes.from)) * 100}%`, borderBottomColor: SEVERITY_COLOURS[m.severity] }}
            title={`${m.title} (${m.severity}), ${formatUs(m.time)}`}
            aria-hidden="true"
            onClick={() => open(binOf(m.time))}
          />
        ))}
        <span className="sr-only" aria-live="polite">
          {said}
        </span>
      </div>
      <span className="lane-count mono">{formatCount(lane.events)}</span>
    </div>
  );
}

function LaneAxis({ from, to }: { from: number; to: number }) {
  return (
    <div className="lane lane-axis" aria-hidden="true">
      <span />
      <div className="lane-ticks">
        {niceTimesUs(from, to, 7).map((t) => (
          <span key={t} style={{ left: `${((t - from) / (to - from)) * 100}%` }}>
            {formatAxisUs(t, to - from)}
          </span>
        ))}
      </div>
      <span className="faint">UTC</span>
    </div>
  );
}

/** A lane's keyboard cursor: arrows, Home and End move between its bins with events; Enter opens the one under it. */
function useLaneCursor(counts: readonly number[], open: (bin: number) => void) {
  const [cursor, setCursor] = useState<number | null>(null);
  const busy = counts.flatMap((n, b) => (n > 0 ? [b] : []));
  const onKeyDown = (event: KeyboardEvent) => {
    const next =
      event.key === 'ArrowRight'
        ? busy.find((b) => b > (cursor ?? -1))
        : event.key === 'ArrowLeft'
          ? [...busy].reverse().find((b) => b < (cursor ?? counts.length))
          : event.key === 'Home'
            ? busy[0]
            : event.key === 'End'
              ? busy.at(-1)
              : undefined;
    if (next !== undefined) {
      event.preventDefault();
      setCursor(next);
    } else if (event.key === 'Enter' && cursor !== null) {
      event.preventDefault();
      open(cursor);
    }
  };
  return { cursor, setCursor, onKeyDown };
}

/** The width the lanes' vertical scrollbar takes (0 when they fit), followed as the lanes and the window change. */
function useScrollbarWidth() {
  const body = useRef<HTMLDivElement>(null);
  const [scrollbar, setScrollbar] = useState(0);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => setScrollbar(el.offsetWidth - el.clientWidth - el.clientLeft * 2);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
  });
  return { body, scrollbar };
}
