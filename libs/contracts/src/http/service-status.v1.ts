import { IsISO8601, IsString } from 'class-validator';

/** `GET /api/v1/<service>/status`: a service answering from its own database. */
export class ServiceStatusView {
  @IsString()
  service!: string;

  /** The database's clock when it answered. */
  @IsISO8601()
  databaseTime!: string;
}
