import { Module } from '@nestjs/common';
import { EarnRulesConsumer } from './earn-rules.consumer';
import { ProgrammesService } from './programmes.service';

/** Programmes as volunteers sees them: the bounds of their earn rules, learnt from the ledger. */
@Module({
  controllers: [EarnRulesConsumer],
  providers: [ProgrammesService],
  exports: [ProgrammesService],
})
export class ProgrammesModule {}
