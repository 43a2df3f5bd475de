import { useMemo } from 'react';
import { useAppStore } from '../store';

function Row({ label, value, href }: { label: string; value: string; href?: string }) {
  if (!value) return null;
  return (
    <div className="row">
      <dt>{label}</dt>
      <dd>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {value}
          </a>
        ) : (
          value
        )}
      </dd>
    </div>
  );
}

/** What a librarian needs about the patron's campus, one click from the patron's name. */
export function CampusInfo() {
  const campusId = useAppStore((s) => s.campusInfoId);
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === s.campusInfoId) ?? null);
  const operators = useAppStore((s) => s.desk.operators);
  const online = useMemo(() => Object.values(operators).filter((o) => o.campus === campusId && o.presence === 'online'), [operators, campusId]);
  const close = () => useAppStore.getState().showCampus(null);
  if (!campusId || !campus) return null;
  const known = [campus.website, campus.faqUrl, campus.hours, campus.phone, campus.publicSafetyPhone, campus.counselingUrl, campus.directorName].some(Boolean);
  return (
    <aside className="campus-info" data-testid="campus-info" aria-label={`${campus.name} details`}>
      <header>
        <h2>{campus.name}</h2>
        <button type="button" onClick={close} aria-label="Close campus details">
          ×
        </button>
      </header>
      <dl>
        <Row label="Library website" value={campus.website} href={campus.website} />
        <Row label="FAQs" value={campus.faqUrl} href={campus.faqUrl} />
        <Row label="Hours" value={campus.hours} />
        <Row label="Hours page" value={campus.hoursUrl} href={campus.hoursUrl} />
        <Row label="Phone" value={campus.phone} />
        <Row label="Public safety" value={campus.publicSafetyPhone} />
        <Row label="Counseling" value={campus.counselingUrl} href={campus.counselingUrl} />
        <Row label="Library director" value={[campus.directorName, campus.directorEmail].filter(Boolean).join(', ')} />
      </dl>
      {!known && <p className="hint">No details are configured for this campus yet (config/campuses.json).</p>}
      <p className="colleagues">
        Online here: {online.length === 0 ? 'nobody' : online.map((o) => o.name).join(', ')}
      </p>
    </aside>
  );
}
