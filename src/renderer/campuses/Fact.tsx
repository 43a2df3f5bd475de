import type { Provenance } from '../../shared/campuses/schemas';

/** Where a fact came from and when it was seen; a fact to check says so. */
export function Source({ provenance }: { provenance: Provenance | undefined }) {
  if (!provenance) return null;
  const seen = provenance.seen ? `seen ${provenance.seen}` : '';
  const title = [provenance.source, seen].filter(Boolean).join(' · ');
  return (
    <span className={`source ${provenance.check ? 'check' : ''}`} title={title} data-testid={provenance.check ? 'needs-check' : undefined}>
      {provenance.check ? 'needs a check' : seen || 'source'}
    </span>
  );
}

/** One fact of the directory: its label, its value (a link when it is a URL), and its source. */
export function Fact({ label, value, href, provenance, testId }: { label: string; value: string; href?: string; provenance?: Provenance; testId?: string }) {
  return (
    <div className="row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        {value === '' ? (
          <span className="unknown">not known</span>
        ) : href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {value}
          </a>
        ) : (
          value
        )}{' '}
        {value !== '' && <Source provenance={provenance} />}
      </dd>
    </div>
  );
}
