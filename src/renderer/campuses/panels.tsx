import type { DeskPanel } from '../dock/panel';
import { CampusInfo } from './CampusInfo';
import { DirectoryPanel } from './DirectoryPanel';

export const campusPanels: DeskPanel[] = [
  { id: 'campus', scope: 'desk', title: 'Campus', priority: 10, hint: 'The patron’s campus: hours, phone, public safety, counseling, who is on there', Panel: CampusInfo },
  { id: 'directory', scope: 'desk', title: 'Directory', priority: 30, hint: 'The chat service’s hours and rota, and every campus library', Panel: DirectoryPanel },
];
