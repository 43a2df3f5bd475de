/** A choice of campus, by name; `everyCampus` adds a first option (value '') for all of them. */
export function CampusSelect(props: {
  testId: string;
  campuses: readonly { id: string; name: string }[];
  value: string;
  onChange(campus: string): void;
  everyCampus?: string;
  disabled?: boolean;
}) {
  return (
    <select data-testid={props.testId} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
      {props.everyCampus !== undefined && <option value="">{props.everyCampus}</option>}
      {props.campuses.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}
