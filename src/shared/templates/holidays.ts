/**
 * The workflow guide: close warmly, "drive carefully" in bad weather is fine, no
 * holiday-specific greetings. This finds such greetings in a message, so the pane can warn
 * before a closing with one is sent, and the template editor before one is saved.
 */
const HOLIDAY_GREETINGS: readonly RegExp[] = [
  /\bmerry\s+(christmas|xmas|x-mas)\b/i,
  /\bhappy\s+(christmas|xmas|hanukk?ah|chanukk?ah|kwanzaa|easter|passover|thanksgiving|halloween|diwali|ramadan|holidays?|new\s+year['’]?s?|lunar\s+new\s+year|valentine['’]?s(\s+day)?|st\.?\s*patrick['’]?s(\s+day)?|saint\s+patrick['’]?s(\s+day)?|(4th|fourth)\s+of\s+july|independence\s+day|labou?r\s+day|memorial\s+day|mother['’]?s\s+day|father['’]?s\s+day|juneteenth|nowruz|purim|rosh\s+hashanah|vesak)\b/i,
  /\bseason['’]?s\s+greetings\b/i,
  /\beid\s+mubarak\b/i,
  /\bramadan\s+kareem\b/i,
  /\bshana\s+tova\b/i,
  /\bfeliz\s+(navidad|a[nñ]o\s+nuevo|pascua)\b/i,
  /\bjoyeux\s+no[eë]l\b/i,
  /\benjoy\s+(the|your)\s+(holiday|holidays|christmas|thanksgiving|easter)\b/i,
];

/** Holiday-specific greetings in the text, as written there (none: an empty list). */
export function holidayGreetings(text: string): string[] {
  const found: string[] = [];
  for (const pattern of HOLIDAY_GREETINGS) {
    const match = pattern.exec(text);
    if (match && !found.includes(match[0])) found.push(match[0]);
  }
  return found;
}
