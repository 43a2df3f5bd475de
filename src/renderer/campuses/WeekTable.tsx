import { intervalsLabel, WEEKDAYS, type WeeklyHours } from '../../shared/campuses';

const NAMES = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' } as const;
const ORDER = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

/** A regular week of hours, Monday first, today marked. */
export function WeekTable({ weekly, today }: { weekly: WeeklyHours; today?: string }) {
  return (
    <table className="week">
      <tbody>
        {ORDER.map((day) => (
          <tr key={day} className={day === today ? 'today' : ''}>
            <th scope="row">{NAMES[day]}</th>
            <td>{intervalsLabel(weekly[day])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
