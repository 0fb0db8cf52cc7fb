import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { renderReceiptPdf } from '../documents/receipt.pdf';
import { Fund } from './entities/fund.entity';
import { FundsError, FundsErrorCode } from './funds.errors';
import { OrgsService } from '../identity/orgs.service';
import { receiptNumber } from './donations.service';
import type { Donation } from './entities/donation.entity';

/** The PDF receipt of a confirmed donation, rendered on demand from what is stored (the same every time). */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgsService,
  ) {}

  async pdfOf(donation: Donation): Promise<{ pdf: Buffer; fileName: string }> {
    if (
      donation.status !== 'confirmed' ||
      donation.receiptYear === null ||
      donation.receiptSeq === null ||
      !donation.confirmedAt
    ) {
      throw new FundsError(FundsErrorCode.ReceiptNotIssued);
    }
    const fund = await this.dataSource.getRepository(Fund).findOneByOrFail({ id: donation.fundId });
    const orgName = await this.orgs.nameOf(donation.orgId);
    const number = receiptNumber(donation.receiptYear, donation.receiptSeq);
    const pdf = await renderReceiptPdf({
      receiptNumber: number,
      orgName,
      fundName: fund.name,
      donorName: donation.donorName,
      amountFen: donation.amountFen,
      confirmedAt: donation.confirmedAt,
      donationId: donation.id,
      ...(donation.message ? { message: donation.message } : {}),
      recurring: donation.recurringId !== null,
    });
    return { pdf, fileName: `receipt-${number}.pdf` };
  }
}
